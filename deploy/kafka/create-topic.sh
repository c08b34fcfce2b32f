#!/usr/bin/env bash
# One-shot topic setup (compose service `kafka-init`, run with the apache/kafka image):
# create the events topic with PARTITIONS partitions if it is missing, and raise its partition
# count if it has fewer (partitions can only grow). Idempotent: safe on every `docker compose up`.
#
# Raising the count changes which partition a key maps to, for new messages only. Plateau's
# tables are idempotent and order-independent per contact (docs/events.md), so a contact whose
# events straddle the change is still counted once and correctly.
#
# Environment: BOOTSTRAP (kafka:19092), TOPIC, PARTITIONS, REPLICATION_FACTOR (1),
# RETENTION_MS (7 days), KAFKA_TOPICS_CMD (/opt/kafka/bin/kafka-topics.sh).
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-kafka:19092}"
TOPIC="${TOPIC:-contact-center-events}"
PARTITIONS="${PARTITIONS:-6}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"
RETENTION_MS="${RETENTION_MS:-604800000}"
read -r -a TOPICS_CMD <<<"${KAFKA_TOPICS_CMD:-/opt/kafka/bin/kafka-topics.sh}"

topics() { "${TOPICS_CMD[@]}" --bootstrap-server "$BOOTSTRAP" "$@"; }

[[ "$PARTITIONS" =~ ^[1-9][0-9]*$ ]] || { echo "PARTITIONS must be a positive integer, got '$PARTITIONS'" >&2; exit 2; }

topics --create --if-not-exists --topic "$TOPIC" \
  --partitions "$PARTITIONS" --replication-factor "$REPLICATION_FACTOR" \
  --config "retention.ms=$RETENTION_MS"

current="$(topics --describe --topic "$TOPIC" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
[[ -n "$current" ]] || { echo "could not read the partition count of $TOPIC" >&2; exit 1; }

if (( current < PARTITIONS )); then
  echo "topic $TOPIC: $current → $PARTITIONS partitions"
  topics --alter --topic "$TOPIC" --partitions "$PARTITIONS"
elif (( current > PARTITIONS )); then
  echo "topic $TOPIC has $current partitions (> PARTITIONS=$PARTITIONS): partitions cannot be removed, keeping $current"
fi
echo "topic $TOPIC ready: $(( current > PARTITIONS ? current : PARTITIONS )) partitions"
