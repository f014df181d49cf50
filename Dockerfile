# wageguard's container image: the static binary, run as the non-root user
# 65532, with its data (the SQLite database and its key file) in the volume
# /var/lib/wageguard. The binary is its own health check: the image has no
# shell and no curl.
#
# Build from source (the default target; needs BuildKit, Docker's default
# builder since 23.0, which skips the from-binary stage):
#
#   docker build -t wageguard .
#
# Or put a binary built on the host (`make build`, static) on any base, even
# scratch; this target needs no builder image, so it also builds offline and
# with the legacy builder (.ci/container does this):
#
#   make build
#   docker build --target from-binary --build-arg RUNTIME_IMAGE=scratch -t wageguard .
#
# The evidence bundle's PDF embeds a CJK font (Debian's fonts-droid-fallback,
# Apache-2.0), which the image carries at the path the binary reads by
# default: `make build` copies it from the host into bin/fonts (install
# fonts-droid-fallback first; the from-binary build fails without it), the
# from-source build installs it in the builder.
#
# The base images are build arguments so that a mirror or a pinned digest can
# stand in for them. The runtime image must run a static binary; scratch lacks
# CA certificates, which PostgreSQL over verified TLS needs (distroless has
# them). Time zones need nothing: the binary embeds Asia/Shanghai.
ARG BUILDER_IMAGE=golang:1.27
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# Empty directories for the runtime stage to copy with its user's ownership:
# a scratch or distroless image has no shell to create and chown them.
FROM scratch AS dirs
WORKDIR /var/lib/wageguard
# Uploads are spooled to a temporary file before they are read. Copied onto
# a base that has /tmp (distroless), /tmp stays as it is.
WORKDIR /tmp

# Everything the image is, except where its binary comes from.
FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=dirs --chown=65532:65532 /var/lib/wageguard /var/lib/wageguard
COPY --from=dirs --chown=65532:65532 /tmp /tmp
WORKDIR /var/lib/wageguard
ENV WAGEGUARD_ADDR=0.0.0.0:8080 \
    WAGEGUARD_DATABASE_URL=sqlite:///var/lib/wageguard/wageguard.db
# Numeric, so that a base without /etc/passwd (scratch) runs it too; 65532
# is distroless's "nonroot".
USER 65532:65532
EXPOSE 8080
VOLUME ["/var/lib/wageguard"]
# healthy = ready: `wageguard healthcheck` asks /readyz, which needs the
# database (/healthz only says the process is up).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/wageguard", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/wageguard"]
CMD ["serve"]

# The binary built on the host by `make build`, and the font it copied.
FROM runtime AS from-binary
COPY bin/fonts/DroidSansFallbackFull.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
COPY bin/fonts/copyright /usr/share/doc/fonts-droid-fallback/copyright
COPY bin/wageguard /usr/local/bin/wageguard

# The binary built from source. This stage comes after from-binary so that
# the legacy builder, which builds every stage before its target, never needs
# the builder image for --target from-binary.
FROM ${BUILDER_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends fonts-droid-fallback && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/wageguard ./cmd/wageguard

FROM runtime AS from-source
COPY --from=build /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
COPY --from=build /usr/share/doc/fonts-droid-fallback/copyright /usr/share/doc/fonts-droid-fallback/copyright
COPY --from=build /out/wageguard /usr/local/bin/wageguard
