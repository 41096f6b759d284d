"""Deal integrity: checks against the abuse of subsidised deals, the flags they raise, the decisions."""
