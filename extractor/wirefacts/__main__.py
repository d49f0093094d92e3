from wirefacts.cli import main

main()
