"""Personal data rights (UU 27/2022): access, correction, erasure, retention, consent."""
