"""The interchange format (sme-catalog/1): schema, checks, and the import/export of whole documents."""
