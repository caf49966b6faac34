# syntax=docker/dockerfile:1
# One image per Evostream service:
#   docker build --build-arg SERVICE=Api -t evostream-api .
# SERVICE is one of Api, Connector, CommandProcessor, Projections, Delivery (the folders under src/ that run as services).
#
# .NET 10's images are Ubuntu 24.04 "noble" (Microsoft ships no Debian ones for 10); both stages name the same release.
# The services' Kafka client is Confluent's own prebuilt librdkafka (NuGet's librdkafka.redist, restored with
# Confluent.Kafka), so no C toolchain is needed. The patched source build of librdkafka runs only the embedded broker
# of ./evostream dev and the tests (src/Platform.Embedded), which no service references.

# The Baileys sidecar (WhatsApp Web, run by the Connector): its pinned packages installed from its lockfile with
# Node 22 (Baileys 7 needs Node 20 or later; noble's own nodejs is 18). Its node binary is copied into the image.
FROM node:22-bookworm-slim AS sidecar
WORKDIR /sidecar
COPY src/Connector/Drivers/Baileys/sidecar/package.json src/Connector/Drivers/Baileys/sidecar/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src/Connector/Drivers/Baileys/sidecar/src ./src
COPY src/Connector/Drivers/Baileys/sidecar/PROTOCOL.md ./

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY . .
# Declared this late so that changing it reuses every layer above.
ARG SERVICE
RUN case "$SERVICE" in \
      Api|Connector|CommandProcessor|Projections|Delivery) ;; \
      *) echo "SERVICE='$SERVICE': build with --build-arg SERVICE=Api|Connector|CommandProcessor|Projections|Delivery" >&2; exit 1 ;; \
    esac
# The checks keep a regression from surfacing only in production: the redist's librdkafka is in the publish folder
# (under runtimes/, where the .NET loader finds it), and the dev-only embedded infrastructure is not.
RUN --mount=type=cache,id=evostream-nuget,target=/root/.nuget/packages,sharing=locked \
    dotnet publish "src/$SERVICE/$SERVICE.csproj" -c Release -o /app -p:UseAppHost=false -p:InstallBaileysSidecar=false \
 && test -f "/app/Evostream.$SERVICE.dll" \
 && ls /app/runtimes/linux-*/native/*librdkafka.so >/dev/null \
 && test ! -e /app/Evostream.Platform.Embedded.dll && test ! -e /app/librdkafka-mock.so && test ! -e /app/librdkafka.so

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
ARG SERVICE
ENV EVOSTREAM_SERVICE=$SERVICE
# SERVER_PORT decides where the Api listens; the base image's default port would only earn a warning.
ENV ASPNETCORE_HTTP_PORTS=
WORKDIR /app
COPY --from=build /app ./
# Fail the image build, not the first Kafka call, when no build of librdkafka that the redist ships for this
# architecture finds every library it links against here (Confluent.Kafka tries them in turn; on x64 the centos8
# build links glibc only).
RUN arch=$(dpkg --print-architecture | sed 's/^amd64$/x64/'); \
    for lib in /app/runtimes/linux-$arch/native/*librdkafka.so; do \
      if ! ldd "$lib" | grep -q "not found"; then exit 0; fi; \
    done; \
    echo "no librdkafka under /app/runtimes/linux-$arch/native loads on this image:" >&2; \
    for lib in /app/runtimes/linux-$arch/native/*librdkafka.so; do ldd "$lib" | grep "not found" | sed "s|^|$lib: |" >&2; done; \
    exit 1
# Node and the Baileys sidecar, where the Connector looks for them (baileys-sidecar/ beside the program).
COPY --from=sidecar /usr/local/bin/node /usr/local/bin/node
COPY --from=sidecar /sidecar /app/baileys-sidecar
RUN node --version

# The base image's unprivileged "app" user.
USER $APP_UID
# exec: the service is PID 1 and receives docker stop's SIGTERM directly, so it shuts down cleanly.
ENTRYPOINT ["sh", "-c", "exec dotnet \"/app/Evostream.$EVOSTREAM_SERVICE.dll\" \"$@\"", "evostream"]
