"""University internships (magang): placements, applications, decisions, logbook, evaluation."""
