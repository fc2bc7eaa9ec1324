"""Webhooks: users' endpoints, and the sender that posts the outbox's deliveries to them, signed
per Standard Webhooks, retried with backoff, every try logged."""
