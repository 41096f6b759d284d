"""Personal data protection (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): consent records per purpose,
data-subject requests with their legal deadlines, and who may see an SME's contact data."""
