"""Editorial workflow: suggested changes, review, history and revert, record versions, review dates."""
