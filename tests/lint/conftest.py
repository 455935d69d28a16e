# The fixtures are source files for the linter to read, never tests to run.
collect_ignore_glob = ["fixtures/*"]
