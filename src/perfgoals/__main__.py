from perfgoals.launch import main

main()
