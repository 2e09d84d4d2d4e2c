"""The protocol's definitions: the terms it always needs, the checklist's own, and the
terms its answers use.

Written as the protocol's own definitions for counsel to review, never as legal
advice; each statement of law names its source (see the shared domain notes).
"""

from __future__ import annotations

import re

from isp_cli.model.checklist import Checklist

# The statute's list, in its order (34 U.S.C. 12291(a)(25), checked 2026-12-02 against an
# unofficial copy of the U.S. Code; see docs/reference/legal-sources.md). Its location
# clause names victims of domestic violence, dating violence, sexual assault or stalking:
# the protocol applies the definition to everyone, and says so.
PII = (
    "Personally identifying information",
    "Individually identifying information for or about a person, including information "
    "likely to disclose the location of a victim, whether or not it is encoded, "
    "encrypted, hashed or otherwise protected, including a first and last name; a home "
    "or other physical address; contact information (a postal, email or internet "
    "protocol address, or a telephone or facsimile number); a Social Security, driver "
    "license, passport or student identification number; and any other information, "
    "such as a date of birth, racial or ethnic background or religious affiliation, that "
    "would serve to identify the person. It includes case details that would make a "
    "person known. (This follows the definition of personally identifying information in "
    "the VAWA confidentiality provision, 34 U.S.C. 12291(a)(25), which speaks of the "
    "location of a victim of domestic violence, dating violence, sexual assault or "
    "stalking; this protocol applies it to every person the information is about.)",
)
# The parties and roles every protocol names, defined once (policy, not law).
ROLES = (
    (
        "Task force",
        "The task force named on the cover of this protocol, made up of its member agencies.",
    ),
    (
        "Member agency",
        "An agency listed under Member agencies that has signed this protocol, or has "
        "joined it in writing as this protocol provides.",
    ),
    (
        "Lead agency",
        "The member agency that administers the task force, as the task force names it "
        "(often the agency that holds the task force's grant).",
    ),
    (
        "Task force coordinator",
        "The person who coordinates the task force's work. The coordinator is employed by "
        "the lead agency unless the task force decides otherwise, acts for the task force "
        "under this protocol, and receives only the information this protocol sends to "
        "the coordinator.",
    ),
    (
        "Breach",
        "Any access to, use or disclosure of information shared under this protocol that "
        "the protocol does not allow, and any loss of such information, whether or not "
        "anyone is known to have seen it.",
    ),
    (
        "Minor",
        "A person under 18 years of age, or under the age of majority that the law "
        "applying to the agency sets, where that is different.",
    ),
)
AGGREGATE = (
    "Aggregate data",
    "Counts and totals about groups of cases or people (for example, the number of "
    "referrals in a quarter) that do not describe any one person.",
)
# isp's standard for de-identified data; the checklist's own words are quoted first.
DEIDENTIFIED = (
    "In this protocol, information is de-identified only when no one can reasonably tell "
    "to whom it relates. Removing names is not enough: in a small trafficking case, dates, "
    "nationality, a place or other indirect identifiers can make a person known. Health "
    "information held by a HIPAA covered entity is de-identified only as 45 CFR "
    "164.514(b) provides: by removing the identifiers that its Safe Harbor method lists "
    "(18 kinds, from names to dates and small geographic areas) with no actual knowledge "
    "that what remains could identify the person, or by an expert's determination that "
    "the risk of identification is very small."
)
# Terms the protocol defines when its answers use them.
GLOSSARY = (
    (
        "Release of information",
        r"release|consent",
        "A victim's informed, written and reasonably time-limited permission for a named "
        "agency to share named information for a stated purpose; the victim can revoke it.",
    ),
    (
        "Need to know",
        r"need[- ]to[- ]know",
        "Information is shared only with a person who needs it to carry out their role "
        "in the case or in the task force's work.",
    ),
    (
        "Protected health information",
        r"HIPAA|health information|\bPHI\b",
        "Individually identifiable health information held or transmitted by a HIPAA "
        "covered entity (a health plan, a health care clearinghouse, or a health care "
        "provider that bills or communicates electronically in standard transactions) or "
        "by its business associate (45 CFR 160.103).",
    ),
)


def definitions(
    checklist: Checklist,
    answers_text: str,
    *,
    lead: str | None = None,
    coordinator: str | None = None,
) -> list[dict[str, str]]:
    """The terms the protocol defines, in order, each as ``{term, text}``; the lead
    agency and the coordinator are named where the task force has named them."""
    found: dict[str, str] = {PII[0]: PII[1]}
    for definition in checklist.definitions:
        text = definition.text.strip()
        stop = "" if text.endswith((".", "!", "?")) else "."
        quoted = f"The {_short(checklist)} describes it as “{text}”{stop}"
        if definition.term.lower() == "de-identified data":
            quoted += " " + DEIDENTIFIED
        found[definition.term] = quoted
    if not any(term.lower() == "de-identified data" for term in found):
        found["De-identified data"] = DEIDENTIFIED
    found.setdefault(AGGREGATE[0], AGGREGATE[1])
    who = (coordinator or "").strip().rstrip(".")
    named = {
        "Lead agency": f" The lead agency is the {lead}." if lead else "",
        "Task force coordinator": f" The coordinator is {who}." if who else "",
    }
    for term, text in ROLES:
        found.setdefault(term, text + named.get(term, ""))
    for term, pattern, text in GLOSSARY:
        if re.search(pattern, answers_text, re.IGNORECASE):
            found.setdefault(term, text)
    return [{"term": term, "text": text} for term, text in found.items()]


def _short(checklist: Checklist) -> str:
    """'ECM checklist' for the built-in checklist; 'checklist' for one of the task force's."""
    return "ECM checklist" if checklist.id == "ecm-isp" else "checklist"
