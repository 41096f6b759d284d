"""Complaints of SMEs about their contracts: filing, the vendor's answer within a deadline of working
days, an officer's mediation and closing (upheld or not), and reports by vendor and category."""
