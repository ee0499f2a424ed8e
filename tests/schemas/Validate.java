// Validates an XML file against XML Schemas with the JDK's own validator (no extra packages):
//   java tests/schemas/Validate.java file.xml schema.xsd [more.xsd ...]
// Prints nothing and exits 0 when valid; prints each problem with its line and exits 1 otherwise.
import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

public class Validate {
    public static void main(String[] args) throws Exception {
        Source[] schemas = new Source[args.length - 1];
        for (int i = 1; i < args.length; i++) schemas[i - 1] = new StreamSource(new File(args[i]));
        var validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(schemas).newValidator();
        int[] problems = {0};
        validator.setErrorHandler(new DefaultHandler() {
            @Override public void error(SAXParseException e) { report(e); }
            @Override public void fatalError(SAXParseException e) { report(e); }
            void report(SAXParseException e) { problems[0]++; System.out.println(args[0] + ":" + e.getLineNumber() + ": " + e.getMessage()); }
        });
        validator.validate(new StreamSource(new File(args[0])));
        System.exit(problems[0] == 0 ? 0 : 1);
    }
}
