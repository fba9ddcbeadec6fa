#include "eventwire/tls.h"

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/strings/str_cat.h"
#include "eventwire/file.h"

namespace eventwire {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  auto text = ReadFile(path, absl::StrCat("TLS ", what, " file"));
  if (text.ok() && text->find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the TLS ", what, " file '", path, "' holds no PEM block"));
  }
  return text;
}

}  // namespace

absl::Status ValidateTlsFiles(const TlsFiles& tls, const std::string& where) {
  if (tls.cert.empty() != tls.key.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "a TLS certificate and its key go together (give both)"));
  }
  if (tls.require_client_cert && (tls.ca.empty() || tls.cert.empty())) {
    return absl::InvalidArgumentError(
        absl::StrCat(where,
                     "requiring client certificates needs the server's "
                     "certificate and key and the CA that signs the clients'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& tls) {
  if (!tls.server_enabled()) return grpc::InsecureServerCredentials();
  if (auto st = ValidateTlsFiles(tls, ""); !st.ok()) return st;
  grpc::SslServerCredentialsOptions options(
      tls.require_client_cert
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : (tls.ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY));
  auto cert = ReadPem(tls.cert, "certificate");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(tls.key, "key");
  if (!key.ok()) return key.status();
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!tls.ca.empty()) {
    auto ca = ReadPem(tls.ca, "CA");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const TlsFiles& tls) {
  if (!tls.client_enabled()) return grpc::InsecureChannelCredentials();
  if (auto st = ValidateTlsFiles(tls, ""); !st.ok()) return st;
  grpc::SslCredentialsOptions options;
  if (!tls.ca.empty()) {
    auto ca = ReadPem(tls.ca, "CA");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  if (!tls.cert.empty()) {
    auto cert = ReadPem(tls.cert, "certificate");
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(tls.key, "key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

}  // namespace eventwire
