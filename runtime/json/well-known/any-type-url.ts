/** The full name of the type a google.protobuf.Any's type URL names: what follows its last `/`. */
export function anyTypeName(url: string): string {
  return url.substring(url.lastIndexOf("/") + 1);
}

