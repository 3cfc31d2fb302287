/** What the sandbox accepts for a file extension, and how big it may be (Webflow's limits). */
export interface MediaType {
  contentType: string;
  category: 'image' | 'document';
  /** Raster images get responsive variants. */
  raster: boolean;
  maxBytes: number;
}

/** Webflow's upload limit for images: 4 MB. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** Webflow's upload limit for documents: 10 MB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const image = (contentType: string, raster = true): MediaType => ({
  contentType,
  category: 'image',
  raster,
  maxBytes: MAX_IMAGE_BYTES,
});
const document = (contentType: string): MediaType => ({
  contentType,
  category: 'document',
  raster: false,
  maxBytes: MAX_DOCUMENT_BYTES,
});

const BY_EXTENSION: Readonly<Record<string, MediaType>> = {
  png: image('image/png'),
  jpg: image('image/jpeg'),
  jpeg: image('image/jpeg'),
  gif: image('image/gif'),
  webp: image('image/webp'),
  avif: image('image/avif'),
  svg: image('image/svg+xml', false),
  pdf: document('application/pdf'),
  doc: document('application/msword'),
  docx: document('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  xls: document('application/vnd.ms-excel'),
  xlsx: document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  ppt: document('application/vnd.ms-powerpoint'),
  pptx: document('application/vnd.openxmlformats-officedocument.presentationml.presentation'),
  odt: document('application/vnd.oasis.opendocument.text'),
  ods: document('application/vnd.oasis.opendocument.spreadsheet'),
  odp: document('application/vnd.oasis.opendocument.presentation'),
  txt: document('text/plain'),
  csv: document('text/csv'),
};

/** Every accepted extension, for error messages and the README. */
export const ACCEPTED_EXTENSIONS = Object.keys(BY_EXTENSION);

/**
 * The media type of a file name, from its extension (case-insensitive), or `undefined` when
 * the sandbox does not accept it.
 *
 * @example
 * mediaTypeOf('Photo.JPG'); // { contentType: 'image/jpeg', category: 'image', raster: true, maxBytes: 4194304 }
 */
export function mediaTypeOf(fileName: string): MediaType | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) {
    return undefined;
  }
  return BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/** The extension of a file name (without the dot), or `''`. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? '' : fileName.slice(dot + 1);
}
