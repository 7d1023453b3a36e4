"""Gaps and overlaps in the offer (coverage matrices by the matcher's rules) and the search demand."""
