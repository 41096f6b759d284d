"""The problem board: SMEs and the city post problems, vendors answer with proposals (issue 15)."""
