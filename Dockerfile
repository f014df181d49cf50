# Multi-stage build: a static binary on a minimal image, run as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/wageguard ./cmd/wageguard

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wageguard /usr/local/bin/wageguard
WORKDIR /var/lib/wageguard
ENV WAGEGUARD_ADDR=0.0.0.0:8080 \
    WAGEGUARD_DATABASE_URL=sqlite:///var/lib/wageguard/wageguard.db
USER nonroot:nonroot
EXPOSE 8080
VOLUME ["/var/lib/wageguard"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/wageguard", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/wageguard"]
CMD ["serve"]
