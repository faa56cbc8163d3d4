"""The people side of a team: KPI scores and bonuses, and the fairness ledger."""
