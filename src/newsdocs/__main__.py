from newsdocs.cli import main

main()
