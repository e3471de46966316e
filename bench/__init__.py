"""``make bench``: the performance figures the issues ask for, as medians and as ratios."""
