# One image per service: docker build --build-arg MODULE=auth-service -t media-platform/auth-service .
# docker-compose.yml builds all five this way.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY local-stack/pom.xml local-stack/
COPY stream-url/pom.xml stream-url/
COPY fmp4/pom.xml fmp4/
COPY camera-addresses/pom.xml camera-addresses/
COPY servlet-api-support/pom.xml servlet-api-support/
COPY discovery-server/pom.xml discovery-server/
COPY auth-service/pom.xml auth-service/
COPY camera-service/pom.xml camera-service/
COPY stream-worker/pom.xml stream-worker/
COPY api-gateway/pom.xml api-gateway/
COPY e2e-tests/pom.xml e2e-tests/
ARG MODULE
RUN ./mvnw -B -ntp -q -pl ${MODULE} -am dependency:go-offline -Dspring-javaformat.skip=true || true
COPY . .
RUN ./mvnw -B -ntp -q -pl ${MODULE} -am -DskipTests package \
    && java -Djarmode=tools -jar ${MODULE}/target/${MODULE}.jar extract --layers --launcher --destination /app

FROM eclipse-temurin:21-jre
# A fixed, unprivileged user; Kubernetes runs it with a read-only root file system (only /tmp is writable).
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin media \
    && mkdir /storage /keys /stream-url && chown 10001 /storage /keys /stream-url
WORKDIR /app
COPY --from=build /app/dependencies/ ./
COPY --from=build /app/spring-boot-loader/ ./
COPY --from=build /app/snapshot-dependencies/ ./
COPY --from=build /app/application/ ./
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
