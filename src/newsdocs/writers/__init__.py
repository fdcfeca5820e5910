"""Output writers for newsdocs nodes."""
