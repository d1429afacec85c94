class MatchAllNode:
    """A node pattern that matches all nodes (fake)."""
