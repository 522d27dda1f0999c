// Internal to the procedures module: what the PDF writers (receipts, the weighing table) share around cairo and
// pango — a cairo stream that collects the document in a string, and owning handles of pango objects.
//
//   std::string bytes;
//   cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes, width, height);
//   Layout layout(pango_cairo_create_layout(cr));
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

namespace mw::procedures {

// A cairo_write_func_t: appends the bytes to the std::string that `closure` points to.
inline cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

}  // namespace mw::procedures
