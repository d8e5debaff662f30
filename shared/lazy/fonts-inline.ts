/**
 * The document fonts inlined into the pdfkit side bundle (esbuild's `binary` loader for `.ttf`,
 * see infra/constructs/bundling.ts). Only imported by a Lambda build; see pdfkit.ts.
 */

import regular from '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';
import bold from '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf';

export default { regular, bold };
