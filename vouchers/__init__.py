"""Financial-support programmes and their vouchers: eligibility, budget, redemption, disbursement."""
