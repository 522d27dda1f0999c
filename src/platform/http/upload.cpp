#include "platform/http/upload.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "platform/core/text.hpp"
#include "platform/http/parsers.hpp"

namespace mw::http {

struct MultipartUpload::Impl {
  std::filesystem::path directory;
  RouteOptions options;
  std::unique_ptr<MultipartParser> parser;

  std::multimap<std::string, std::string> form;
  std::vector<UploadedFile> files;
  bool files_taken = false;

  // The part being received.
  MultipartParser::PartHeaders part;
  std::string field_value;
  int fd = -1;

  ~Impl() {
    CloseFile();
    if (!files_taken) RemoveUploadedFiles(files);
  }

  void CloseFile() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  Status OnPartBegin(const MultipartParser::PartHeaders& headers) {
    part = headers;
    field_value.clear();
    if (!part.is_file) return Ok{};
    if (files.size() >= static_cast<std::size_t>(options.max_files)) {
      return Fail(ErrorKind::kTooLarge, "Die Anfrage enthält zu viele Dateien.", part.name);
    }
    std::string path_template = (directory / "mw-upload-XXXXXX").string();
    fd = ::mkstemp(path_template.data());  // creates the file with mode 0600
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "mkstemp in " + directory.string());
    files.push_back(UploadedFile{.field = part.name,
                                 .filename = part.filename,
                                 .content_type = part.content_type,
                                 .path = path_template,
                                 .size = 0});
    return Ok{};
  }

  Status OnPartData(std::string_view data) {
    if (!part.is_file) {
      if (field_value.size() + data.size() > options.field_limit) {
        return Fail(ErrorKind::kTooLarge, "Ein Formularfeld ist zu lang.", part.name);
      }
      field_value.append(data);
      return Ok{};
    }
    while (!data.empty()) {
      const ssize_t written = ::write(fd, data.data(), data.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "write upload " + files.back().path.string());
      }
      data.remove_prefix(static_cast<std::size_t>(written));
      files.back().size += static_cast<std::uint64_t>(written);
    }
    return Ok{};
  }

  Status OnPartEnd() {
    if (!part.is_file) {
      if (!IsValidUtf8(field_value)) {
        return Fail(ErrorKind::kInvalid, "Ein Formularfeld enthält ungültige Zeichen.", part.name);
      }
      form.emplace(part.name, std::move(field_value));
      field_value.clear();
      return Ok{};
    }
    CloseFile();
    if (files.back().filename.empty() && files.back().size == 0) {
      std::error_code ignored;
      std::filesystem::remove(files.back().path, ignored);
      files.pop_back();
    }
    return Ok{};
  }
};

MultipartUpload::MultipartUpload(std::string boundary, std::filesystem::path directory, const RouteOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->directory = std::move(directory);
  impl_->options = options;
  Impl* impl = impl_.get();
  MultipartParser::Sink sink{
      .on_part_begin = [impl](const MultipartParser::PartHeaders& headers) { return impl->OnPartBegin(headers); },
      .on_part_data = [impl](std::string_view data) { return impl->OnPartData(data); },
      .on_part_end = [impl]() { return impl->OnPartEnd(); },
  };
  MultipartParser::Limits limits;
  // Room for the files plus a generous number of text fields.
  limits.max_parts = std::max<std::size_t>(limits.max_parts, static_cast<std::size_t>(options.max_files) + 100);
  impl_->parser = std::make_unique<MultipartParser>(std::move(boundary), std::move(sink), limits);
}

MultipartUpload::~MultipartUpload() = default;

Status MultipartUpload::Feed(std::string_view chunk) { return impl_->parser->Feed(chunk); }

Status MultipartUpload::Finish() { return impl_->parser->Finish(); }

std::multimap<std::string, std::string> MultipartUpload::TakeForm() { return std::move(impl_->form); }

std::vector<UploadedFile> MultipartUpload::TakeFiles() {
  impl_->files_taken = true;
  return std::move(impl_->files);
}

void RemoveUploadedFiles(const std::vector<UploadedFile>& files) {
  for (const UploadedFile& file : files) {
    std::error_code ignored;
    std::filesystem::remove(file.path, ignored);
  }
}

void PrepareUploadDirectory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::create_directories(directory, error)) {
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);
  }
  if (error) {
    throw std::runtime_error("upload directory " + directory.string() + " cannot be created: " + error.message());
  }
  std::string path_template = (directory / "mw-upload-XXXXXX").string();
  const int fd = ::mkstemp(path_template.data());
  if (fd < 0) {
    throw std::runtime_error("upload directory " + directory.string() +
                             " cannot take files: " + std::generic_category().message(errno));
  }
  ::close(fd);
  ::unlink(path_template.c_str());
}

}  // namespace mw::http
