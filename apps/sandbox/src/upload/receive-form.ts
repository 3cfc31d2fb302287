import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { MAX_DOCUMENT_BYTES } from './media-types.js';
import { S3Error } from './s3-xml.js';

/** The size limits the form's fields allow for its file. */
export interface FileLimits {
  minBytes: number;
  maxBytes: number;
}

/** The received file: its size, MD5 (hex), and whether it went over the limit (then it was not kept). */
export interface ReceivedFile {
  size: number;
  md5: string;
  tooLarge: boolean;
}

/** Thrown when the client went away mid-upload: there is nobody to answer. */
export class UploadAborted extends Error {
  constructor() {
    super('the client closed the connection before the upload was complete');
    this.name = 'UploadAborted';
  }
}

const FORM_LIMITS = { fields: 50, fieldSize: 16 * 1024, files: 1, parts: 60, fileSize: MAX_DOCUMENT_BYTES + 1 };

/**
 * Receives an S3 browser-POST form: collects the fields that come before the `file` part,
 * lets `authorize` check them (and choose the size limits) when the file starts, then streams
 * the file to `path` while hashing it. Nothing is read into memory beyond one chunk, and an
 * oversized file stops being written as soon as it passes the limit.
 *
 * @example
 * const file = await receiveForm(req, { path, authorize: (fields) => ({ minBytes: 1, maxBytes: 4194304 }) });
 */
export function receiveForm(
  req: IncomingMessage,
  options: { path: string; authorize: (fields: ReadonlyMap<string, string>) => FileLimits },
): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: FORM_LIMITS });
    } catch (error) {
      reject(
        new S3Error(
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
          { cause: error },
        ),
      );
      return;
    }
    const fields = new Map<string, string>();
    let settled = false;
    let fileDone: Promise<ReceivedFile> | undefined;
    let out: ReturnType<typeof createWriteStream> | undefined;
    const fail = (error: unknown) => {
      if (!settled) {
        settled = true;
        req.unpipe(parser);
        out?.destroy();
        reject(error);
      }
    };
    req.on('close', () => {
      if (!req.complete) {
        fail(new UploadAborted());
      }
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(new S3Error(400, 'InvalidArgument', `The form field ${JSON.stringify(name)} is too long.`));
        return;
      }
      fields.set(name.toLowerCase(), value);
    });
    parser.on('file', (name, stream, _info) => {
      if (settled || fileDone) {
        stream.resume();
        return;
      }
      let limits: FileLimits;
      try {
        if (name !== 'file') {
          throw new S3Error(
            400,
            'InvalidArgument',
            `The file must be sent in a form field named 'file', not ${JSON.stringify(name)}.`,
          );
        }
        limits = options.authorize(fields);
      } catch (error) {
        stream.resume();
        fail(error);
        return;
      }
      fileDone = new Promise((done, broken) => {
        const hash = createHash('md5');
        const file = createWriteStream(options.path, { flags: 'wx' });
        out = file;
        let size = 0;
        let tooLarge = false;
        file.on('error', broken);
        stream.on('limit', () => {
          tooLarge = true;
        });
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            tooLarge = true;
          }
          if (tooLarge || settled) {
            return;
          }
          hash.update(chunk);
          if (!file.write(chunk)) {
            stream.pause();
            file.once('drain', () => stream.resume());
          }
        });
        stream.on('end', () => {
          file.end(() => done({ size, md5: hash.digest('hex'), tooLarge }));
        });
        stream.on('error', (error) => {
          file.destroy();
          broken(error);
        });
      });
      fileDone.catch(fail);
    });
    parser.on('error', (error) => {
      fail(
        new S3Error(
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
          { cause: error },
        ),
      );
    });
    parser.on('close', () => {
      if (!fileDone) {
        fail(new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.'));
        return;
      }
      fileDone.then((file) => {
        if (!settled) {
          settled = true;
          resolve(file);
        }
      }, fail);
    });
    req.pipe(parser);
  });
}

/**
 * Calls `then` once the rest of the request body has been read and thrown away, so an early
 * error reply reaches a client that is still sending (closing mid-send loses the reply).
 * A body that keeps coming past `capBytes` gets its connection closed instead.
 */
export function afterBodyDrained(req: IncomingMessage, then: () => void, capBytes = 64 * 1024 * 1024): void {
  if (req.complete || req.readableEnded || req.destroyed) {
    then();
    return;
  }
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > capBytes) {
      req.socket.destroy();
    }
  });
  req.once('end', then);
  req.resume();
}
