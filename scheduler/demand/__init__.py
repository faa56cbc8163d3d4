"""From inquiries to requirements: history, events, forecast, Erlang, staffing, headcount."""
