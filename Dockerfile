# syntax=docker/dockerfile:1
# One image per Evostream service:
#   docker build --build-arg SERVICE=Api -t evostream-api .
# SERVICE is one of Api, Connector, CommandProcessor, Projections (the folders under src/ that run as services).
#
# .NET 10's images are Ubuntu 24.04 "noble" (Microsoft ships no Debian ones for 10). Both stages name the same
# release, so librdkafka is built against exactly the OpenSSL and SASL libraries it loads at run time.

# The Baileys sidecar (WhatsApp Web, run by the Connector): its pinned packages installed from its lockfile with
# Node 22 (Baileys 7 needs Node 20 or later; noble's own nodejs is 18). Its node binary is copied into the image.
FROM node:22-bookworm-slim AS sidecar
WORKDIR /sidecar
COPY src/Connector/Drivers/Baileys/sidecar/package.json src/Connector/Drivers/Baileys/sidecar/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src/Connector/Drivers/Baileys/sidecar/src ./src
COPY src/Connector/Drivers/Baileys/sidecar/PROTOCOL.md ./

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
# The toolchain and -dev packages eng/librdkafka.sh needs, and npm to fetch its source; pkg-config lets
# librdkafka's configure find the libraries the same way it does on a developer's machine.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential pkg-config libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev nodejs npm \
 && rm -rf /var/lib/apt/lists/*

# librdkafka gets its own layer, keyed on the script alone, so the four service images share one build of it.
ENV EVOSTREAM_NATIVE_CACHE=/opt/evostream/native
WORKDIR /src
COPY eng/librdkafka.sh eng/
RUN eng/librdkafka.sh

COPY . .
# Declared this late so that changing it reuses every layer above.
ARG SERVICE
RUN case "$SERVICE" in \
      Api|Connector|CommandProcessor|Projections) ;; \
      *) echo "SERVICE='$SERVICE': build with --build-arg SERVICE=Api|Connector|CommandProcessor|Projections" >&2; exit 1 ;; \
    esac
# Directory.Build.targets puts librdkafka.so into the publish folder; the check keeps a regression from
# surfacing only at the first Kafka call in production.
RUN --mount=type=cache,id=evostream-nuget,target=/root/.nuget/packages,sharing=locked \
    dotnet publish "src/$SERVICE/$SERVICE.csproj" -c Release -o /app -p:UseAppHost=false -p:InstallBaileysSidecar=false \
 && test -f /app/librdkafka.so && test -f "/app/Evostream.$SERVICE.dll"

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
# librdkafka's shared-library dependencies (ldd of the build above); libssl3t64 is noble's name for libssl3.
# No libsasl2-modules: librdkafka implements PLAIN and SCRAM itself and uses Cyrus SASL only for GSSAPI.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3t64 libsasl2-2 zlib1g libzstd1 liblz4-1 \
 && rm -rf /var/lib/apt/lists/*

ARG SERVICE
ENV EVOSTREAM_SERVICE=$SERVICE
# SERVER_PORT decides where the Api listens; the base image's default port would only earn a warning.
ENV ASPNETCORE_HTTP_PORTS=
WORKDIR /app
COPY --from=build /app ./
# Fail the image build, not the first Kafka call, if a library librdkafka links against is missing.
RUN ! ldd /app/librdkafka.so | grep "not found"
# Node and the Baileys sidecar, where the Connector looks for them (baileys-sidecar/ beside the program).
COPY --from=sidecar /usr/local/bin/node /usr/local/bin/node
COPY --from=sidecar /sidecar /app/baileys-sidecar
RUN node --version

# The base image's unprivileged "app" user.
USER $APP_UID
# exec: the service is PID 1 and receives docker stop's SIGTERM directly, so it shuts down cleanly.
ENTRYPOINT ["sh", "-c", "exec dotnet \"/app/Evostream.$EVOSTREAM_SERVICE.dll\" \"$@\"", "evostream"]
