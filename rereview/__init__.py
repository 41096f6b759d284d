"""The yearly re-review of approved listings: approvals that expire, reminders, the vendor's filing with
its evidence (customers from counted contracts, ratings, complaints, price changes), the officer's
renewal, request for changes or lapse, and the criteria of each programme."""
