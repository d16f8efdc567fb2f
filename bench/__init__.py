"""`make bench`: fills its own database with a region-sized register and measures pages."""
