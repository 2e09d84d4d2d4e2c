from isp_cli.cli import main

main()
