"""One module a tab, each with one ``render`` function: what the tab shows, in order."""
