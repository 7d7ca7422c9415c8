"""The triage workspace in the Wagtail admin: the board, a cluster's page with its action forms,
and the exports of the team's queue. Every view needs "triage.use_board" and shows only posts of
`triage.queries.queue_for(user)`."""
