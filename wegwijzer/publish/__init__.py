"""Publishing: the infobundle as PDF/HTML, open data (HSDS datapackage, JSON, NDJSON)."""
