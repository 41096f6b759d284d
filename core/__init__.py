"""Ground layer: what every feature stands on. Database base and types, domain errors, vocabularies,
Vietnamese text folding, money and date formatting, audit, translation helpers. Imports no feature."""
