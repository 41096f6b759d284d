"""Open data for other systems (the national SME support portal, CKAN harvesters, partners): the
catalog's editions, products and vendors (public fields only) and aggregate indicators in which no
group has fewer than 5 SMEs, as JSON and CSV pages with stable cursors, and a DCAT description."""
