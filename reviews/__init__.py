"""Verified reviews of products by the SMEs that bought them: who may review, moderation before
publication, vendors' replies, reports, helpful votes and the ratings the catalog shows."""
