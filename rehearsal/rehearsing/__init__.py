"""rehearsing."""
