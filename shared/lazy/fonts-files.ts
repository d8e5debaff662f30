/**
 * The document fonts read from node_modules, for development, tests and scripts (see pdfkit.ts;
 * a Lambda bundle inlines them instead).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/noto-sans/${file}`)));

export default { regular: read('400Regular/NotoSans_400Regular.ttf'), bold: read('700Bold/NotoSans_700Bold.ttf') };
