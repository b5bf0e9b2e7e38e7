"""The console's list of survey suggestions to act on."""
