"""State changes of the triage workspace, one module per kind of action. Every function checks
the actor's permission, runs in one transaction and writes an AuditEntry."""
