"""The news directives: one module each."""
