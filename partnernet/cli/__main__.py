"""`python -m partnernet.cli`: the same command as `partnernet`."""

from partnernet.cli import main

main()
