#!/usr/bin/env bash
# Writes the secrets docker-compose.kafka.yml requires into a git-ignored env file, once, and prints its path:
#   docker compose --env-file "$(eng/compose-env.sh)" -f docker-compose.kafka.yml up -d --build
# Values already in the file are kept: PostgreSQL sets its password only when its volume is first created, and the
# SCRAM user is provisioned with the same password the services present.
#
# Usage: eng/compose-env.sh [FILE]    (default: <repo>/.evostream/compose.env)
set -euo pipefail

readonly NAMES=(AUTHENTICATION_API_KEY KAFKA_SASL_PASSWORD POSTGRES_PASSWORD)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file="${1:-$repo/.evostream/compose.env}"
mkdir -p "$(dirname "$file")"
touch "$file"
chmod 600 "$file"

for name in "${NAMES[@]}"; do
  if ! grep -q "^$name=" "$file"; then
    # Hex needs no escaping in DATABASE_CONNECTION_URI, in the SCRAM config string or in Compose's $-interpolation.
    echo "$name=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >>"$file"
  fi
done
echo "$file"
