"""Demo data written for this project (accounts, campaigns, posts, comments); see demo_loader."""
