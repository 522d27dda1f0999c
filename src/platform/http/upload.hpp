// Receives a multipart/form-data body chunk by chunk: text parts become form fields (size-limited, UTF-8 checked),
// file parts are written to fresh temporary files (mkstemp, mode 0600) in a directory. Internal to the HTTP module:
// the server feeds it on a worker thread, because writing files is disk I/O.
//
//   MultipartUpload upload(boundary, upload_dir, route_options);
//   for (chunk : body) if (auto status = upload.Feed(chunk); !status) return 400/413;
//   if (auto status = upload.Finish(); !status) ...
//   request.form = upload.TakeForm(); request.files = upload.TakeFiles();
//   ...after the response: RemoveUploadedFiles(request.files);
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/http/message.hpp"
#include "platform/http/server.hpp"

namespace mw::http {

class MultipartUpload {
 public:
  MultipartUpload(std::string boundary, std::filesystem::path directory, const RouteOptions& options);
  // Removes the temporary files unless TakeFiles() handed them over.
  ~MultipartUpload();
  MultipartUpload(const MultipartUpload&) = delete;
  MultipartUpload& operator=(const MultipartUpload&) = delete;

  // Errors: kInvalid (malformed body, invalid UTF-8 in a text field), kTooLarge (a text field over field_limit, more
  // than max_files files). Throws std::system_error if a temporary file cannot be created or written.
  Status Feed(std::string_view chunk);
  Status Finish();

  std::multimap<std::string, std::string> TakeForm();
  // The caller becomes responsible for removing the files. A file part with an empty filename and no content (a file
  // input left empty in a browser form) is dropped.
  std::vector<UploadedFile> TakeFiles();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Removes the temporary files of an upload; missing files (moved away by the handler) are fine.
void RemoveUploadedFiles(const std::vector<UploadedFile>& files);

// Makes sure uploads can be stored in `directory` before the first one arrives: creates it (mode 0700) if it does
// not exist and creates and removes a temporary file there. Throws std::runtime_error naming the directory and the
// reason otherwise, so that a wrong --upload-dir stops the server at start instead of failing every upload with 500.
void PrepareUploadDirectory(const std::filesystem::path& directory);

}  // namespace mw::http
