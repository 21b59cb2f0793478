"""Assets of the query page (served at /static/)."""
