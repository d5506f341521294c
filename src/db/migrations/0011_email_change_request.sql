-- A broker's staff asking a person for a new login address leaves a one-time link with the person: it only
-- fills in the address on Mein Zugang, where the person makes the change with their password.
ALTER TABLE "action_tokens" DROP CONSTRAINT "action_tokens_purpose";--> statement-breakpoint
ALTER TABLE "action_tokens" ADD CONSTRAINT "action_tokens_purpose" CHECK ("action_tokens"."purpose" in ('invitation', 'email_confirmation', 'password_reset', 'login_ticket', 'host_handoff', 'second_factor_ticket', 'email_change', 'email_change_request'));